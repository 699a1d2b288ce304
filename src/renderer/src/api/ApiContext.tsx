/** The one AppApi, handed down through React context. */
import { createContext, useContext } from 'react'
import type { AppApi } from './client'

export const ApiContext = createContext<AppApi | null>(null)

export function useApi(): AppApi {
  const api = useContext(ApiContext)
  if (!api) throw new Error('renderer: useApi() outside <ApiContext.Provider>')
  return api
}
