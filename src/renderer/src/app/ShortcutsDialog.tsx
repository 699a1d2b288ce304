/** The `?` list of keyboard shortcuts. */
import { Dialog } from '../components/Dialog'
import { useI18n } from '../i18n/i18n'
import { SHORTCUTS } from './shortcuts'

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n()
  return (
    <Dialog title={t('keys.title')} onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.action}>
              <td>
                <kbd>{shortcut.keys}</kbd>
              </td>
              <td>{t(shortcut.label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  )
}
