// One emulator in Node for the workerd run, its URL handed to the tests as inject('emulatorUrl').
import { emulatorGlobalSetup } from '@jobmeta/emulator/vitest'
import { APIKEYS, SEEDS } from '../emulator.ts'

export default emulatorGlobalSetup({ seed: SEEDS, apikeys: APIKEYS })
