/** Fan-out of engine events to every subscribed front end. A failing listener never stops the others. */
import type { ArchiveEvent, EventListener } from '../../shared/contract/events'
import { createLogger } from './log'

const log = createLogger('events')

export class EventHub {
  private readonly listeners = new Set<EventListener>()

  subscribe = (listener: EventListener): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(event: ArchiveEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch (error) {
        log.error(`a listener of ${event.type} failed`, error)
      }
    }
  }
}
