/**
 * Electron main entry (out/main/index.js, package.json "main"). Everything lives in
 * ./electron; this file only starts it, so the bundle's top level stays one call.
 */
import { startElectronApp } from './electron/app'

startElectronApp()
