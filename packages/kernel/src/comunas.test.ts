import { describe, expect, it } from 'vitest';
import { COMUNAS, REGIONS, comunaNames, findComuna } from './comunas.ts';

/** Comunas per region, as published by SUBDERE (346 since Ñuble, 2018). */
const PER_REGION: Record<string, number> = {
  '01': 7,
  '02': 9,
  '03': 9,
  '04': 15,
  '05': 38,
  '06': 33,
  '07': 30,
  '08': 33,
  '09': 32,
  '10': 30,
  '11': 10,
  '12': 11,
  '13': 52,
  '14': 12,
  '15': 4,
  '16': 21,
};

/** Comunas per province (56 provinces). */
const PER_PROVINCE: Record<string, number> = {
  Iquique: 2, Tamarugal: 5,
  'Antofagasta/02': 4, 'El Loa': 3, Tocopilla: 2,
  Copiapó: 3, Chañaral: 2, Huasco: 4,
  Elqui: 6, Choapa: 4, Limarí: 5,
  'Valparaíso/05': 7, 'Isla de Pascua': 1, 'Los Andes': 4, Petorca: 5, Quillota: 5, 'San Antonio': 6, 'San Felipe de Aconcagua': 6, 'Marga Marga': 4,
  Cachapoal: 17, 'Cardenal Caro': 6, Colchagua: 10,
  Talca: 10, Cauquenes: 3, Curicó: 9, Linares: 8,
  Concepción: 12, Arauco: 7, 'Biobío/08': 14,
  Cautín: 21, Malleco: 11,
  Llanquihue: 9, Chiloé: 10, Osorno: 7, Palena: 4,
  Coyhaique: 2, Aysén: 3, 'Capitán Prat': 3, 'General Carrera': 2,
  Magallanes: 4, 'Antártica Chilena': 2, 'Tierra del Fuego': 3, 'Última Esperanza': 2,
  'Santiago/13': 32, Cordillera: 3, Chacabuco: 3, Maipo: 4, Melipilla: 5, Talagante: 5,
  Valdivia: 8, Ranco: 4,
  Arica: 2, Parinacota: 2,
  Diguillín: 9, Itata: 7, Punilla: 5,
};

describe('COMUNAS', () => {
  it('has the 346 comunas and 16 regions', () => {
    expect(COMUNAS).toHaveLength(346);
    expect(REGIONS).toHaveLength(16);
    expect(REGIONS.map((r) => r.code)).toEqual(Object.keys(PER_REGION).sort());
  });

  it('has the official number of comunas in each region', () => {
    const counts: Record<string, number> = {};
    for (const c of COMUNAS) counts[c.regionCode] = (counts[c.regionCode] ?? 0) + 1;
    expect(counts).toEqual(PER_REGION);
    expect(Object.values(PER_REGION).reduce((a, b) => a + b, 0)).toBe(346);
  });

  it('has the official number of comunas in each of the 56 provinces', () => {
    const counts: Record<string, number> = {};
    for (const c of COMUNAS) counts[`${c.province}|${c.regionCode}`] = (counts[`${c.province}|${c.regionCode}`] ?? 0) + 1;
    const expected: Record<string, number> = {};
    for (const [key, count] of Object.entries(PER_PROVINCE)) {
      const [province, region] = key.split('/');
      const regionCode = region ?? COMUNAS.find((c) => c.province === province)?.regionCode;
      expected[`${province}|${regionCode}`] = count;
    }
    expect(Object.keys(expected)).toHaveLength(56);
    expect(counts).toEqual(expected);
  });

  it('has unique five-digit codes in CUT order, whose first two digits are the region', () => {
    const codes = COMUNAS.map((c) => c.code);
    expect(new Set(codes).size).toBe(346);
    expect([...codes].sort()).toEqual(codes);
    for (const c of COMUNAS) {
      expect(c.code).toMatch(/^(0[1-9]|1[0-6])\d{3}$/);
      expect(c.code.slice(0, 2)).toBe(c.regionCode);
      expect(c.region).toBe(REGIONS.find((r) => r.code === c.regionCode)!.name);
    }
  });

  it('has unique names within each region, and no two comunas that fold to the same name', () => {
    const inRegion = new Set(COMUNAS.map((c) => `${c.regionCode}|${c.name}`));
    expect(inRegion.size).toBe(346);
    const folded = new Set(COMUNAS.map((c) => c.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '')));
    expect(folded.size).toBe(346);
    for (const c of COMUNAS) expect(c.name).toBe(c.name.trim().replace(/\s+/g, ' '));
  });

  it('uses the current codes: Ñuble is region 16, Biobío keeps only Concepción, Arauco and Biobío', () => {
    expect(COMUNAS.some((c) => c.code.startsWith('084'))).toBe(false);
    expect(new Set(COMUNAS.filter((c) => c.regionCode === '08').map((c) => c.province))).toEqual(new Set(['Concepción', 'Arauco', 'Biobío']));
    expect(findComuna('16101')).toMatchObject({ name: 'Chillán', province: 'Diguillín', region: 'Ñuble', regionCode: '16' });
    expect(findComuna('16303')).toMatchObject({ name: 'Ñiquén', province: 'Punilla' });
    expect(findComuna('16206')?.name).toBe('Ránquil');
    expect(findComuna('08314')).toMatchObject({ name: 'Alto Biobío', province: 'Biobío', region: 'Biobío' });
    expect(findComuna('05801')).toMatchObject({ name: 'Quilpué', province: 'Marga Marga' });
  });

  it('names the regions officially', () => {
    const names = Object.fromEntries(REGIONS.map((r) => [r.code, r.name]));
    expect(names['06']).toBe("Libertador General Bernardo O'Higgins");
    expect(names['13']).toBe('Metropolitana de Santiago');
    expect(names['16']).toBe('Ñuble');
    expect(names['11']).toBe('Aysén del General Carlos Ibáñez del Campo');
    expect(names['12']).toBe('Magallanes y de la Antártica Chilena');
    expect(names['09']).toBe('La Araucanía');
    expect(names['14']).toBe('Los Ríos');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(COMUNAS)).toBe(true);
    expect(Object.isFrozen(COMUNAS[0])).toBe(true);
    expect(Object.isFrozen(REGIONS)).toBe(true);
  });
});

describe('findComuna', () => {
  it('finds by CUT, with or without the leading zero', () => {
    expect(findComuna('13101')).toEqual({ code: '13101', name: 'Santiago', province: 'Santiago', region: 'Metropolitana de Santiago', regionCode: '13' });
    expect(findComuna('05101')).toMatchObject({ name: 'Valparaíso', province: 'Valparaíso', region: 'Valparaíso', regionCode: '05' });
    expect(findComuna('5101')?.code).toBe('05101');
    expect(findComuna(' 08101 ')).toMatchObject({ name: 'Concepción', province: 'Concepción', region: 'Biobío' });
    expect(findComuna('1101')?.name).toBe('Iquique');
    expect(findComuna('13120')?.name).toBe('Ñuñoa');
  });

  it('answers undefined for codes that are not comunas', () => {
    for (const text of ['99999', '08401', '13133', '05106', '101', '123456', '00000', '']) expect(findComuna(text)).toBeUndefined();
  });

  it.each([
    ['nunoa', 'Ñuñoa'],
    ['ÑUÑOA', 'Ñuñoa'],
    ['  Ñuñoa  ', 'Ñuñoa'],
    ['Pto. Montt', 'Puerto Montt'],
    ['puerto montt', 'Puerto Montt'],
    ['PUERTO   MONTT', 'Puerto Montt'],
    ['puerto-montt', 'Puerto Montt'],
    ['santiago centro', 'Santiago'],
    ['Santiago', 'Santiago'],
    ['Concon', 'Concón'],
    ['Con Cón', 'Concón'],
    ["O'Higgins", "O'Higgins"],
    ['ohiggins', "O'Higgins"],
    ['O’Higgins', "O'Higgins"],
    ['vina del mar', 'Viña del Mar'],
    ['Viña del Mar.', 'Viña del Mar'],
    ['los angeles', 'Los Ángeles'],
    ['Sta. Bárbara', 'Santa Bárbara'],
    ['Sto Domingo', 'Santo Domingo'],
    ['peñalolen', 'Peñalolén'],
    ['Chillan viejo', 'Chillán Viejo'],
    ['Niquen', 'Ñiquén'],
    ['Ollague', 'Ollagüe'],
    ['Coihaique', 'Coyhaique'],
    ['Aisén', 'Aysén'],
    ['Llay-Llay', 'Llaillay'],
    ['Trehuaco', 'Treguaco'],
    ['Til Til', 'Tiltil'],
    ['La Calera', 'Calera'],
    ['padre las casas', 'Padre Las Casas'],
    ['Comuna de Maipú', 'Maipú'],
    ['San Pedro', 'San Pedro'],
    ['San Pedro de la Paz', 'San Pedro de la Paz'],
  ])('finds %j as %s', (text, name) => {
    expect(findComuna(text)?.name).toBe(name);
  });

  it('keeps San Pedro, San Pedro de Atacama and San Pedro de la Paz apart', () => {
    expect(findComuna('san pedro')?.code).toBe('13505');
    expect(findComuna('san pedro de atacama')?.code).toBe('02203');
    expect(findComuna('san pedro de la paz')?.code).toBe('08108');
  });

  it('answers undefined for names that are not comunas', () => {
    for (const text of ['', '   ', '...', 'Atlantis', 'Santiago Norte', 'Puerto', 'Región Metropolitana', 'Ñuble']) expect(findComuna(text)).toBeUndefined();
  });

  it('finds every comuna by its own name and code', () => {
    for (const c of COMUNAS) {
      expect(findComuna(c.name)).toBe(c);
      expect(findComuna(c.name.toUpperCase())).toBe(c);
      expect(findComuna(c.code)).toBe(c);
    }
  });
});

describe('comunaNames', () => {
  it('lists the 346 names in es-CL order', () => {
    const names = comunaNames();
    expect(names).toHaveLength(346);
    expect(new Set(names)).toEqual(new Set(COMUNAS.map((c) => c.name)));
    expect(names[0]).toBe('Algarrobo');
    expect(names.at(-1)).toBe('Zapallar');
    // Accented letters sort with their base letter; ñ sorts after n.
    expect(names.indexOf('Los Álamos')).toBeLessThan(names.indexOf('Los Andes'));
    expect(names.indexOf('Ñuñoa')).toBeGreaterThan(names.indexOf('Nueva Imperial'));
    expect(names.indexOf('Ñiquén')).toBeLessThan(names.indexOf('Olivar'));
    expect(names.indexOf('Ñiquén')).toBeLessThan(names.indexOf('Ñuñoa'));
  });

  it('returns a fresh array', () => {
    const names = comunaNames();
    names.length = 0;
    expect(comunaNames()).toHaveLength(346);
  });
});
