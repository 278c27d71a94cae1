// cyber:math/operations in JavaScript (componentize-js): the reference toolchain's provider.
export const operations = {
  add(a, b) {
    return a + b;
  },
};
