/**
 * A data folder that cannot be used: the engine does not start, with DATA_FOLDER_UNUSABLE
 * naming the folder and what to do; the CLI prints that one line and exits 1.
 * (As root, chmod does not make a folder unwritable: the read-only case uses `chattr +i`
 * when this machine allows it, and says why it is skipped otherwise.)
 */
import { spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/createCore'
import { ApiError } from '../../src/shared/errors'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'

const repo = path.resolve(import.meta.dirname, '../..')
const tsx = path.join(repo, 'node_modules', '.bin', 'tsx')
const entry = path.join(repo, 'src/main/cli/index.ts')

let work = ''
let archive = ''
beforeAll(async () => {
  work = await makeTempDir('archive-browser-data-folder-')
  archive = path.join(work, 'archive')
  await writeTree(archive, { 'a.md': articleText({ title: '英特尔', body: '<p>英特尔</p>' }) })
  await writeFile(path.join(work, 'a-file'), 'not a folder')
})
afterAll(async () => {
  if (chattrOn) spawnSync('chattr', ['-i', chattrOn])
  await removeDir(work)
})

async function refusal(dataDir: string): Promise<ApiError> {
  const error = await createCore({ dataDir, watch: false }).then(
    async (core) => {
      await core.dispose()
      return null
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ApiError)
  return error as ApiError
}

let chattrOn: string | null = null

describe('an unusable data folder', () => {
  it('that is a file: DATA_FOLDER_UNUSABLE naming the folder and how to choose another', async () => {
    const dataDir = path.join(work, 'a-file')
    const error = await refusal(dataDir)
    expect(error.code).toBe('DATA_FOLDER_UNUSABLE')
    expect(error.message).toContain(dataDir)
    expect(error.message).toContain('it is a file')
    expect(error.message).toContain('--data-dir or ARCHIVE_BROWSER_DATA_DIR')
  })

  it('under a file (as a read-only place would be): the same error', async () => {
    const error = await refusal(path.join(work, 'a-file', 'data'))
    expect(error.code).toBe('DATA_FOLDER_UNUSABLE')
    expect(error.message).toContain('a part of its path is a file')
  })

  it('that cannot be written (chattr +i): the same error, not a silent half-working engine', async (context) => {
    const dataDir = path.join(work, 'immutable')
    await mkdir(dataDir)
    const result = spawnSync('chattr', ['+i', dataDir])
    if (result.status !== 0) {
      console.info(
        `skipped: chattr +i is not possible here (${String(result.stderr || result.error)})`,
      )
      context.skip()
    }
    chattrOn = dataDir
    const error = await refusal(dataDir)
    spawnSync('chattr', ['-i', dataDir])
    chattrOn = null
    expect(error.code).toBe('DATA_FOLDER_UNUSABLE')
    expect(error.message).toContain('no permission to write in it')
  })

  it('the CLI prints one line naming the folder and exits 1 (no stack, no "internal error")', () => {
    const dataDir = path.join(work, 'a-file')
    const result = spawnSync(tsx, [entry, 'search', archive, '英特尔'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, ARCHIVE_BROWSER_DATA_DIR: dataDir },
    })
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^error DATA_FOLDER_UNUSABLE: state: the data folder /)
    expect(lines[0]).toContain(dataDir)
    expect(result.stderr).not.toContain('internal error')
  })
})
