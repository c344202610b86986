/**
 * An array cache indexed by small numbers (word ids, tag numbers, cache slots), grown to hold
 * `index`. Grown by pushes: an array with a large gap would fall back to slow dictionary storage.
 */
export function holding<T>(values: (T | undefined)[], index: number): (T | undefined)[] {
  while (values.length <= index) values.push(undefined);
  return values;
}
