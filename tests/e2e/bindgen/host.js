// The host side of alltypes.wit under jco: every import returns its arguments.
const id = (x) => x;
export const echoBool = id, echoChar = id, echoString = id, echoStrings = id, echoBytes = id, echoPoints = id,
  echoShape = id, echoNested = id, echoFlags = id, echoEverything = id;
export const echoInts = (...a) => a;
export const echoFloats = (...a) => a;
export const echoResult = (x) => { if (x.tag === 'err') throw { payload: x.val }; return x.val; };
export const echoUnitResult = (x) => { if (x.tag === 'err') throw { payload: undefined }; };
export const echoMany = (...a) => new Uint32Array([...a.slice(0, 16), a[16].length]);
