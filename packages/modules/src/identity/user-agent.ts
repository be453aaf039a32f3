/**
 * A readable label for a session's User-Agent: "Chrome 131 en Windows", "Safari 17 en iPhone", "SmarterOS CLI".
 *
 * Hand parsing on purpose: the sessions list needs a browser family, its major version and the system, which the
 * well-known tokens below give for every current browser; a library (bowser, ua-parser-js v1, both MIT) would add a
 * dependency to the lock file that five parallel branches share, for more detail (engines, device models) than this
 * label shows. Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari". Unknown agents keep a
 * short, safe form of the raw string.
 */
const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bSamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/\bFxiOS\/(\d+)/, 'Firefox'],
  [/\bCriOS\/(\d+)/, 'Chrome'],
  [/\bChrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];

const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

export function deviceLabel(userAgent: string | null | undefined, locale: 'es' | 'en' = 'es'): string {
  const ua = (userAgent ?? '').trim();
  const unknown = locale === 'en' ? 'Unknown device' : 'Dispositivo desconocido';
  if (!ua) return unknown;
  if (/^smarteros-cli\b/i.test(ua)) return 'SmarterOS CLI';
  if (/^(node|undici)\b/i.test(ua)) return locale === 'en' ? 'Script (Node.js)' : 'Programa (Node.js)';
  if (/^curl\//i.test(ua)) return 'curl';
  let browser: string | undefined;
  for (const [re, name] of BROWSERS) {
    const m = re.exec(ua);
    if (m) {
      browser = `${name} ${m[1]}`;
      break;
    }
  }
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1];
  if (browser && system) return `${browser} ${locale === 'en' ? 'on' : 'en'} ${system}`;
  if (browser || system) return (browser ?? system)!;
  // eslint-disable-next-line no-control-regex
  return ua.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 60);
}
