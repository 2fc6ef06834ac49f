/** Chooses the LogSource adapter for a setting. */
import type { Config, LogSourceSetting } from '../config';
import { CloudLoggingSource } from './cloud-logging';
import { ExportedLogSource } from './exported-logs';
import type { LogSource } from './port';

/** The adapter for the setting: live Cloud Logging, or exported logs. */
export function createLogSource(setting: LogSourceSetting, config: Pick<Config, 'project' | 'loggingEmulatorHost'>): LogSource {
  switch (setting.kind) {
    case 'exported':
      return new ExportedLogSource(setting.path);
    case 'cloud':
      return new CloudLoggingSource({ project: config.project, emulatorHost: config.loggingEmulatorHost });
    default: {
      const unreachable: never = setting;
      return unreachable;
    }
  }
}
