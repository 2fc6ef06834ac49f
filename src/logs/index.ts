/** Chooses the LogSource adapter for a setting. */
import type { LogSourceSetting } from '../config';
import { UpstreamError } from '../errors';
import { ExportedLogSource } from './exported-logs';
import type { LogSource } from './port';

/** The adapter for the setting: exported logs now; live Cloud Logging is wired in by the function's build. */
export function createLogSource(setting: LogSourceSetting): LogSource {
  switch (setting.kind) {
    case 'exported':
      return new ExportedLogSource(setting.path);
    case 'cloud':
      return {
        name: 'cloud-logging',
        list: () => Promise.reject(new UpstreamError('logging', 'live Cloud Logging is not available in this build; pass --logs PATH or set LOG_SOURCE to exported logs', false)),
      };
    default: {
      const unreachable: never = setting;
      return unreachable;
    }
  }
}
