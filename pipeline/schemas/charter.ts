import { Type, type Static } from '@sinclair/typebox';
import { SchemaVersion, StringEnum } from './common.ts';

const Answer = (description: string) => Type.String({ minLength: 1, maxLength: 1000, description });

/** Front matter of `governance/charter.md`: the governing metaphor and its four answers. */
export const CharterFrontMatter = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, description: 'Title of the charter.' }),
    metaphor: Type.String({ minLength: 1, maxLength: 100, description: 'The governing metaphor, e.g. community garden.' }),
    contributors: Answer('Who are the data contributors, in the metaphor.'),
    users: Answer('Who are the model users, in the metaphor.'),
    stewards: Answer('Who are the model stewards, in the metaphor.'),
    more: Answer('What else the metaphor suggests (e.g. where compute comes from).'),
  },
  { additionalProperties: false, description: "The co-op's charter." },
);
export type CharterFrontMatter = Static<typeof CharterFrontMatter>;

/** `governance/coop.yaml`: the co-op's name, where it lives, and whether its repository is public. */
export const CoopInfo = Type.Object(
  {
    schemaVersion: SchemaVersion,
    name: Type.String({ minLength: 1, maxLength: 120, description: 'Name of the co-op.' }),
    description: Type.String({ minLength: 1, maxLength: 1000, description: 'One-paragraph description for the site.' }),
    demo: Type.Boolean({ description: 'True for the bundled demo co-op (fictional writers); false for a real co-op.' }),
    visibility: StringEnum(['public', 'private'], {
      description:
        "Whether anyone can read the co-op's git repository (public) or only its members (private). In a public repository git publishes every donated file in full, so every work must grant display-full.",
      examples: ['public'],
    }),
    repository: Type.Optional(
      Type.String({
        format: 'uri',
        pattern: '^https?://',
        description: "URL of the co-op's git repository on GitHub, for links to pull requests and forms: http(s) only (e.g. https://github.com/our-coop/commonplace).",
      }),
    ),
    siteUrl: Type.Optional(
      Type.String({ format: 'uri', pattern: '^https?://', description: 'Public URL of the transparency site, for the sitemap and feed: http(s) only (e.g. https://our-coop.github.io/commonplace/).' }),
    ),
    contact: Type.Optional(
      Type.String({
        minLength: 3,
        maxLength: 200,
        description: 'How to reach the board: an e-mail address, an http(s) or mailto URL, or a few words (e.g. stewards@our-coop.org); anything that reads as a URL of another scheme is refused.',
      }),
    ),
  },
  { additionalProperties: false, description: 'Basic facts about the co-op.' },
);
export type CoopInfo = Static<typeof CoopInfo>;

/** Front matter of a co-op page: `governance/pages/<slug>.md` (plain Markdown, never MDX), written by the stewards. */
export const CoopPageFrontMatter = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, description: 'Page title, also its link text in the menu.' }),
    description: Type.Optional(Type.String({ maxLength: 300, description: 'One-line summary for search results and the page list.' })),
    order: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'Position in the list of pages (lower first; then by title).' })),
  },
  { additionalProperties: false, description: "A page of the co-op's own (about, history, workshop materials)." },
);
export type CoopPageFrontMatter = Static<typeof CoopPageFrontMatter>;
