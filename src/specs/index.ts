/** Chooses the WorkloadSpecSource adapter for a setting. */
import type { Config, WorkloadSourceSetting } from '../config';
import { CloudWorkloadSpecSource } from './cloud';
import { LocalWorkloadSpecSource } from './local';
import type { WorkloadSpecSource } from './port';

/** The adapter for the setting, or undefined when the read APIs are off. */
export function createWorkloadSpecSource(setting: WorkloadSourceSetting, config: Pick<Config, 'workloadApiEmulatorHost'>): WorkloadSpecSource | undefined {
  switch (setting.kind) {
    case 'none':
      return undefined;
    case 'local':
      return new LocalWorkloadSpecSource(setting.path);
    case 'cloud':
      return new CloudWorkloadSpecSource({ emulatorHost: config.workloadApiEmulatorHost });
    default: {
      const unreachable: never = setting;
      return unreachable;
    }
  }
}
