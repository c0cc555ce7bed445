/**
 * All GitHub access goes through one configured octokit client (retry,
 * throttling and pagination built in), made here from the environment GitHub
 * Actions provides. Without a token there is no client, and nothing touches
 * the network.
 */
import { Octokit } from 'octokit';

export interface GitHubContext {
  octokit: InstanceType<typeof Octokit>;
  owner: string;
  repo: string;
  /** GITHUB_API_URL: api.github.com, a GitHub Enterprise Server, or a test server. */
  apiUrl: string;
  /** The login the token acts as, whose comments are ours (a bot's, on Actions). */
  botLogin: string;
  /** GITHUB_STEP_SUMMARY: the job summary file, when running on Actions. */
  summaryFile?: string;
  /** The run's page, for commit statuses' links. */
  runUrl?: string;
}

export class GitHubConfigError extends Error {}

/** The client for `env` (process.env on Actions), or undefined when there is no GITHUB_TOKEN. */
export function githubFromEnv(env: NodeJS.ProcessEnv = process.env): GitHubContext | undefined {
  const token = env.GITHUB_TOKEN;
  if (!token) return undefined;
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo || rest.length > 0) throw new GitHubConfigError(`GITHUB_REPOSITORY must be "owner/name" (it is "${env.GITHUB_REPOSITORY ?? ''}")`);
  const apiUrl = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, '');
  const octokit = new Octokit({
    auth: token,
    baseUrl: apiUrl,
    userAgent: 'commonplace-coop',
    throttle: {
      // GitHub asks for writes to be spaced out (about one a second); a test server on loopback has no such limit.
      enabled: env.COMMONPLACE_GITHUB_THROTTLE !== 'off',
      // Wait out a primary rate limit twice, then give up with the error; never wait out a secondary one blindly.
      onRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 2,
      onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 1,
    },
    retry: { retries: Number(env.COMMONPLACE_GITHUB_RETRIES ?? 3) },
    request: { retryAfter: 1 },
  });
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, '');
  return {
    octokit,
    owner,
    repo,
    apiUrl,
    botLogin: env.COMMONPLACE_BOT_LOGIN ?? 'github-actions[bot]',
    ...(env.GITHUB_STEP_SUMMARY ? { summaryFile: env.GITHUB_STEP_SUMMARY } : {}),
    ...(env.GITHUB_RUN_ID ? { runUrl: `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` } : {}),
  };
}
