// Calls every export of the transpiled alltypes guest under jco and checks that
// each value comes back unchanged (through the C++ guest and the host's imports).
import assert from 'node:assert/strict';
const { api } = await import(process.argv[2]);
let failed = 0;
function check(name, f, expect) {
  try {
    const got = f();
    assert.deepStrictEqual(got, expect);
    console.log(`ok ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e && e.message ? e.message : JSON.stringify(e)}`);
  }
}
const echo = (name, ...args) => check(name, () => api[name](...args), args.length === 1 ? args[0] : args);
echo('echoBool', true);
echo('echoBool', false);
check('echoInts', () => api.echoInts(255, -128, 65535, -32768, 4294967295, -2147483648, 18446744073709551615n, -9223372036854775808n),
      [255, -128, 65535, -32768, 4294967295, -2147483648, 18446744073709551615n, -9223372036854775808n]);
check('echoFloats', () => api.echoFloats(1.5, -2.25e300), [1.5, -2.25e300]);
echo('echoChar', '🦀');
echo('echoString', 'héllo wörld ✓ 🦀 \u0000 end');
echo('echoString', '');
echo('echoStrings', ['a', '', 'ünïcödé', 'x'.repeat(1000)]);
echo('echoBytes', new Uint8Array([0, 1, 2, 255]));
echo('echoPoints', [{ x: 1, y: -2, label: 'p1' }, { x: 2147483647, y: -2147483648, label: 'ü' }]);
echo('echoShape', { tag: 'circle', val: 2.5 });
echo('echoShape', { tag: 'rect', val: { x: 3, y: 4, label: 'r' } });
echo('echoShape', { tag: 'nothing' });
echo('echoShape', { tag: 'tagged', val: [7, 'seven'] });
echo('echoNested', undefined);
echo('echoNested', { tag: 'ok', val: 'inner' });
echo('echoNested', { tag: 'ok', val: undefined });
echo('echoNested', { tag: 'err', val: ['red', 'blue', 'green'] });
check('echoResult ok', () => api.echoResult({ tag: 'ok', val: 42 }), 42);
check('echoResult err', () => { try { api.echoResult({ tag: 'err', val: 'bad' }); return 'no error'; } catch (e) { return e.payload; } }, 'bad');
check('echoUnitResult ok', () => api.echoUnitResult({ tag: 'ok' }), undefined);
check('echoUnitResult err', () => { try { api.echoUnitResult({ tag: 'err' }); return 'no error'; } catch (e) { return 'err'; } }, 'err');
echo('echoFlags', { read: true, write: false, exec: true });
echo('echoEverything', { flag: true, small: -5, name: 'all', shapes: [{ tag: 'circle', val: 1 }, { tag: 'tagged', val: [1, 'x'] }], color: 'green', perms: { read: false, write: true, exec: false } });
check('echoMany', () => api.echoMany(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 'seventeen'),
      new Uint32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 9]));
check('counter', () => {
  const a = new api.Counter(5);
  a.add(10);
  const b = new api.Counter(7);
  const m = api.Counter.merge(a, b);
  return [b.get(), m.get(), api.counterValues(m, b)];
}, [7, 22, [22, 7]]);
process.exit(failed ? 1 : 0);
