/** Chooses the FindingSource adapter for a setting. */
import type { Config, FindingSourceSetting } from '../config';
import { LocalFindingSource } from './local';
import type { FindingSource } from './port';
import { SecurityCenterFindingSource } from './security-center';

/** The adapter for the setting, or undefined when related findings are off. */
export function createFindingSource(setting: FindingSourceSetting, config: Pick<Config, 'project' | 'securityCenterEmulatorHost'>): FindingSource | undefined {
  switch (setting.kind) {
    case 'none':
      return undefined;
    case 'local':
      return new LocalFindingSource(setting.path);
    case 'cloud':
      return new SecurityCenterFindingSource({ project: config.project, emulatorHost: config.securityCenterEmulatorHost });
    default: {
      const unreachable: never = setting;
      return unreachable;
    }
  }
}
