// The calculator consumer in JavaScript (componentize-js): the reference toolchain's consumer.
import { add } from 'cyber:math/operations';

export function run() {
  return `The system calculated: ${add(10, 5)}`;
}
