/**
 * Closed word lists for reading person titles. They are English grammar of news titles, not
 * current affairs, so they live here rather than in a taxonomy file. All lowercase, no dots.
 */

const words = (s: string): ReadonlySet<string> => new Set(s.trim().split(/\s+/));

/** Role nouns: a title must contain one ("U.S. Secretary of State", "senior fellow at …"). */
export const HEADWORDS = words(`
  president president-elect vice-president premier chancellor minister secretary sec senator sen
  congressman congresswoman representative rep lawmaker legislator mp mep governor mayor
  ambassador envoy diplomat consul commander commander-in-chief general gen admiral adm colonel
  col lieutenant lt major maj captain capt sergeant marshal brigadier officer chief head chairman
  chairwoman chairperson chair director director-general spokesman spokeswoman spokesperson
  leader speaker king queen prince princess emir sheikh sultan pope patriarch archbishop bishop
  cardinal ayatollah imam rabbi ceo cfo coo founder co-founder owner executive manager editor
  editor-in-chief correspondent reporter journalist columnist commentator analyst professor prof
  lecturer researcher scientist economist historian fellow adviser advisor aide counsel attorney
  lawyer prosecutor judge justice commissioner inspector deputy member candidate nominee activist
  author strategist expert official administrator coordinator negotiator secretary-general
  attorney-general governor-general ombudsman delegate czar tsar dictator monarch emperor
  oligarch billionaire tycoon anchor host
`);

/** Words that qualify a role noun and may be lowercase inside a pre-name title ("former", "deputy"). */
export const MODIFIERS = words(`
  former ex ex- then acting deputy vice senior junior top chief first assistant associate incoming
  outgoing retired interim foreign defense defence interior finance prime executive general
  military presidential national security intelligence press state federal opposition majority
  minority parliamentary longtime veteran special permanent principal managing supreme grand
  late elect
`);

/**
 * Capitalized words of office and institution names ("State", "Army", "Senate"). Not person
 * names, so they end a name when splitting "Secretary of State Antony Blinken".
 */
export const INSTITUTION_WORDS = words(`
  state defense defence treasury commerce energy justice interior health labor labour education
  agriculture transportation transport homeland security foreign affairs finance economy economic
  war staff army navy air force forces corps intelligence police council committee senate house
  parliament congress duma rada ministry department office agency government administration
  cabinet kremlin pentagon minority majority europe joint chiefs national federal union commission
  embassy bank assembly court party republican democratic democrat conservative command guard central
  strategic cooperation development trade international environment climate emergency
  emergencies public secret service services space
`);

/** Last words that make a tagged PERSON an organization ("Carnegie Endowment", "Liberation Army"). */
export const ORG_WORDS = words(`
  endowment foundation institute institution university college school association society
  organization organisation corporation company group fund bank army navy ministry council
  committee party union agency times post journal news network media gazette courier herald
  tribune chronicle inquirer examiner sentinel telegraph observer press magazine newspaper
`);

/** First words that make a tagged PERSON a place ("Port Alder", "Fort Worth", "Cape Town"). */
export const PLACE_FIRST_WORDS = words(`port fort mount mt lake cape bay gulf`);

/** Last words that make a tagged PERSON a place ("Kherson Oblast", "Alder County"). */
export const PLACE_WORDS = words(`city county island islands river valley province region oblast district`);

/** Last words that make a tagged PERSON a law or a plan, which is no actor ("Taiwan Policy Act"). */
export const DOCUMENT_WORDS = words(`act bill treaty agreement accord policy doctrine plan initiative strategy`);

/** Courtesy titles: stripped from names but not reported as the actor's title. */
export const HONORIFICS = words(`mr mrs ms miss mx dr sir dame lord lady madam madame monsieur herr frau hon rev revd reverend rt fr`);

/** Lowercase name particles that sit inside a name ("Ursula von der Leyen"). */
export const PARTICLES = words(`von van der den de da di du del della la le bin ibn al el ter ten dos das`);

/** Name suffixes that are not surnames ("Robert Kennedy Jr."). */
export const NAME_SUFFIXES = words(`jr sr ii iii iv`);

/**
 * Heads that make a demonym phrase refer to the state itself ("Russian forces", "the German
 * government") rather than to people or things of that country ("Russian soldiers", "Russian oil").
 */
export const STATE_HEADS = words(`
  government governments military army navy forces troops authorities leadership regime
  administration
`);

/** Two-word state heads ("Russian armed forces", "Ukrainian air force"). */
export const STATE_HEADS_2 = words(`armed-forces air-force`);

/** Qualifiers that make a known place part of a longer name ("Latin America", "Western Ukraine"). */
export const PLACE_QUALIFIERS = words(`
  north south east west latin central northern southern eastern western upper lower new greater
`);

/** The lowercase key of a title/name word: "Sen." → "sen", "Vice-President" → "vice-president". */
export function wordKey(word: string): string {
  return (word.endsWith(".") ? word.slice(0, -1) : word).toLowerCase();
}
