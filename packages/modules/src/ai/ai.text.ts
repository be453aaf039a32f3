/**
 * Spanish-first text normalisation for retrieval: lower case, accents and ñ folded (NFD, combining marks removed),
 * punctuation to spaces, stop words dropped, plurals lightly stemmed. The same function runs on the knowledge entries
 * (when written) and on the customer's text (when answered), so both sides meet on the same terms.
 */

/** Spanish function words, greetings and request fillers; the few English ones so an English entry can match too. */
const STOP_WORDS = new Set(
  `a al algo algun alguna algunas alguno algunos ante antes asi aun bajo bien cada como con contra cual cuales cualquier
  cuando de del desde donde dos e el ella ellas ellos en entre era eres es esa esas ese eso esos esta estan estas este
  esto estos estoy fue ha hace hacen hacer han hasta hay he la las le les lo los mas me mi mis mucho muy ni no nos
  nosotros nuestra nuestro o otra otro para pero poco por porque puede pueden puedo que quien se sea ser si sin sobre
  solo son soy su sus tambien tan te tengo ti tiene tienen todo todos tu tus u un una uno unos usted ustedes va vamos
  y ya yo
  hola buenas buenos buen dia dias tarde tardes noche noches saludos gracias favor porfa consulta pregunta quisiera
  queria quiero gustaria saber necesito podria podrian dice dicen dime digame diga cuenteme cuentame
  cuanto cuanta cuantos cuantas
  the an and or of to in on at for is are was be do does can could would i you we my your our it this that what
  how when where which who hello hi please thanks thank`.split(/\s+/).filter(Boolean),
);

/** Lower case, accents folded, anything that is not a letter or digit to one space. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Light stemming: the plural, then the gender vowel. Plural, Spanish rules: -ces -> -z (luces, luz), consonant + -es
 * -> drop -es (colores, meses, regiones), vowel + -s -> drop -s (productos, envios); then a final -a, -e or -o goes
 * (producto, productos -> product; clase, clases -> clas; abierto, abierta -> abiert), so singular and plural, masculine
 * and feminine meet. Words of three letters or fewer and words with digits are left alone (mes, gas, 2x).
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ces')) return `${w.slice(0, -3)}z`;
  if (w.length > 4 && w.endsWith('es') && !/[aeiou]/.test(w[w.length - 3]!)) w = w.slice(0, -2);
  else if (w.endsWith('s') && /[aeiou]/.test(w[w.length - 2]!)) w = w.slice(0, -1);
  if (w.length >= 4 && /[aeo]$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** The terms of a text, in order, repeated as often as they occur (term frequency counts). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of fold(text).split(' ')) {
    if (word.length < 2 && !/\d/.test(word)) continue;
    if (STOP_WORDS.has(word)) continue;
    const s = stem(word);
    if (!STOP_WORDS.has(s)) out.push(s);
  }
  return out;
}

/** Words for someone of the team: a request when a verb of asking goes with them («quiero un ejecutivo»; a «menú ejecutivo» is not). */
const TEAM_WORDS = /\b(humano|humana|humanos|ejecutivo|ejecutiva|ejecutivos|agente|agentes|operador|operadora|asesor|asesora|supervisor|supervisora|human|agent|representative|operator|staff)\b/;
const ASKING = /\b(hablar|habla|hable|comunicar|comunicarme|contactar|atender|atienda|atiende|quiero|necesito|pasame|paseme|deme|dame|con un|con una|con el|con la|talk|speak|chat|connect|transfer|want|need|get me|to an|to a|with an|with a)\b/;
/** Words for anyone: a request only with a verb of talking («hablar con una persona»; «para cuatro personas» is not). */
const ANYONE_WORDS = /\b(persona|personas|alguien|someone|somebody|person|people)\b/;
const TALKING = /\b(hablar|habla|hable|comunicar|comunicarme|contactar|atienda|atender|atiende|real|talk|speak|connect|transfer)\b/;
/** Short, unmistakable asks: a message that is just «humano», «un ejecutivo», "agent please". */
const ALONE = /^(un |una |el |la |a |an )?(humano|humana|persona|ejecutivo|ejecutiva|agente|operador|operadora|asesor|asesora|human|person|agent|operator|representative)( por favor| please)?$/;
const NOT_A_BOT = /\b(no (eres|es) (un )?(bot|robot|maquina)|no quiero (hablar con )?(un |el )?(bot|robot)|atencion (humana|personal)|alguien real|persona real|not a bot|no bot|real person)\b/;

/** Whether the customer asks to be attended by a person (Spanish and English phrasings). */
export function asksForPerson(text: string): boolean {
  const f = fold(text);
  if (ALONE.test(f) || NOT_A_BOT.test(f)) return true;
  return (TEAM_WORDS.test(f) && ASKING.test(f)) || (ANYONE_WORDS.test(f) && TALKING.test(f));
}

const ENGLISH = new Set('the is are you do does what how can could i my me please hello hi thanks thank want need to speak talk person human agent where when open price is your have with'.split(' '));
const SPANISH = new Set('el la los las que de por favor hola quiero necesito como donde cuando gracias con una un es hablar tienen tiene precio horario para mi usted buenas buenos'.split(' '));

/** Spanish unless the text reads as English: Spanish punctuation or accents, or more Spanish words than English ones. */
export function languageOf(text: string): 'es' | 'en' {
  if (/[¿¡ñáéíóú]/i.test(text)) return 'es';
  let en = 0;
  let es = 0;
  for (const w of fold(text).split(' ')) {
    if (ENGLISH.has(w)) en += 1;
    if (SPANISH.has(w)) es += 1;
  }
  return en > es ? 'en' : 'es';
}
