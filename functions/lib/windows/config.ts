import { tableEnvName } from '../../../infra/pipeline/names.js';
import { WindowEngineError } from './errors.js';

/** Environment variables naming the window tables (`TABLE_WINDOWS`, `TABLE_WINDOW_STATE`). */
export const WINDOWS_TABLE_ENV = tableEnvName('windows');
export const WINDOW_STATE_TABLE_ENV = tableEnvName('window-state');

/** The window tables from the environment a metric-applying function is given (infra/pipeline.ts). */
export function windowTables(env: NodeJS.ProcessEnv = process.env): { windowsTable: string; stateTable: string } {
  const windowsTable = env[WINDOWS_TABLE_ENV];
  const stateTable = env[WINDOW_STATE_TABLE_ENV];
  if (!windowsTable || !stateTable)
    throw new WindowEngineError(`window counting needs ${WINDOWS_TABLE_ENV} and ${WINDOW_STATE_TABLE_ENV}`);
  return { windowsTable, stateTable };
}
