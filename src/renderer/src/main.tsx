/** Renderer entry: one client of the contract (IPC or HTTP), one React root. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createAppApi } from './api/client'
import { App } from './app/App'
import './styles/base.css'
import './styles/shell.css'
import './styles/sidebar.css'
import './styles/list.css'
import './styles/welcome.css'
import './styles/reader.css'

const container = document.getElementById('root')
if (container) {
  createRoot(container).render(
    <StrictMode>
      <App api={createAppApi(window)} />
    </StrictMode>,
  )
}
