// Measures the fixed cost (RSS) of a bench child: Node plus the tsx loader, doing nothing.
import { exitOnError, runBenchChild } from '../lib/child'

runBenchChild(() => Promise.resolve(null)).catch(exitOnError)
