import { check } from './check.ts';
import { dataset } from './dataset.ts';
import { exportCommand } from './export.ts';
import { train } from './train.ts';
import { site } from './site.ts';
import { serve } from './serve.ts';
import { init } from './init.ts';
import { pipeline } from './pipeline.ts';
import { withdraw } from './withdraw.ts';
import { purge } from './purge.ts';
import { adopt } from './adopt.ts';
import { fetchBase } from './fetch-base.ts';
import { study } from './study.ts';
import { registerModelCommand } from './register-model.ts';
import { upgrade } from './upgrade.ts';
import { gate } from './gate.ts';
import { quorum } from './quorum.ts';
import { codeowners } from './codeowners.ts';
import { formToPr } from './form-to-pr.ts';
import { verify } from './verify.ts';
import { publish } from './publish.ts';
import { verifyRelease } from './verify-release.ts';
import { doctor } from './doctor.ts';
import type { Command } from './types.ts';

export type { Command, CommandArgs } from './types.ts';

/** Every subcommand, in the order `commonplace --help` lists them. */
export const COMMANDS: Command[] = [
  pipeline,
  check,
  dataset,
  train,
  site,
  serve,
  exportCommand,
  init,
  upgrade,
  withdraw,
  purge,
  adopt,
  fetchBase,
  study,
  registerModelCommand,
  gate,
  quorum,
  formToPr,
  codeowners,
  verify,
  publish,
  verifyRelease,
  doctor,
];
