/** Country names for codes, from the browser's own ICU data: no table to ship or keep current. */
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/** "Brazil" for BR; the code itself when the browser does not know it. */
export const countryName = (code: string): string => {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
};
