export function total(items) { return items.reduce((s, i) => s + i.price, 0); }
