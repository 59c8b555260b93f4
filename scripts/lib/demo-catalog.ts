/**
 * The made-up world the demo's messages describe: a shop with a web site and mobile apps, its
 * customers and the companies they work for. Names are invented; emails use example.com.
 */

export const firstNames = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Frances',
  'Ken',
  'Radia',
  'Tim',
  'Margaret',
  'Linus',
  'Hedy',
  'John',
  'Katherine',
  'Dennis',
  'Sophie',
  'Niklaus',
  'Shafi',
  'Leslie',
] as const;

export const lastNames = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Perlman',
  'Berners-Lee',
  'Hamilton',
  'Torvalds',
  'Lamarr',
  'Backus',
  'Johnson',
  'Ritchie',
  'Wilson',
  'Wirth',
  'Goldwasser',
  'Lamport',
] as const;

export const plans = ['free', 'starter', 'pro', 'enterprise'] as const;

export interface Company {
  id: string;
  name: string;
  industry: string;
  employees: number;
  /** `1` for companies; a few are `2`, accounts of another kind in the workspace. */
  objectTypeId: string;
}

export const companies: readonly Company[] = [
  { id: 'acme', name: 'Acme Corp', industry: 'manufacturing', employees: 1200, objectTypeId: '1' },
  { id: 'globex', name: 'Globex', industry: 'energy', employees: 5400, objectTypeId: '1' },
  { id: 'initech', name: 'Initech', industry: 'software', employees: 230, objectTypeId: '1' },
  { id: 'umbrella', name: 'Umbrella', industry: 'pharmaceuticals', employees: 8800, objectTypeId: '1' },
  { id: 'hooli', name: 'Hooli', industry: 'internet', employees: 31000, objectTypeId: '1' },
  { id: 'stark', name: 'Stark Industries', industry: 'aerospace', employees: 15000, objectTypeId: '1' },
  { id: 'team-north', name: 'Team North', industry: 'internal', employees: 12, objectTypeId: '2' },
  { id: 'team-south', name: 'Team South', industry: 'internal', employees: 9, objectTypeId: '2' },
];

export interface Product {
  product_id: string;
  sku: string;
  name: string;
  category: string;
  price: number;
}

export const products: readonly Product[] = [
  { product_id: 'p-100', sku: 'MUG-BLK', name: 'Enamel mug, black', category: 'Kitchen', price: 14 },
  { product_id: 'p-101', sku: 'MUG-WHT', name: 'Enamel mug, white', category: 'Kitchen', price: 14 },
  { product_id: 'p-200', sku: 'TEE-M', name: 'Organic tee, medium', category: 'Apparel', price: 29 },
  { product_id: 'p-201', sku: 'TEE-L', name: 'Organic tee, large', category: 'Apparel', price: 29 },
  { product_id: 'p-300', sku: 'NB-A5', name: 'Dot-grid notebook A5', category: 'Stationery', price: 12.5 },
  { product_id: 'p-301', sku: 'PEN-FP', name: 'Fountain pen', category: 'Stationery', price: 48 },
  { product_id: 'p-400', sku: 'BAG-TT', name: 'Canvas tote', category: 'Accessories', price: 22 },
  { product_id: 'p-401', sku: 'BTL-750', name: 'Steel bottle 750 ml', category: 'Accessories', price: 31 },
  { product_id: 'p-500', sku: 'HDP-NC', name: 'Noise-cancelling headphones', category: 'Audio', price: 249 },
  { product_id: 'p-501', sku: 'SPK-MINI', name: 'Mini speaker', category: 'Audio', price: 79 },
];

export const searches = [
  'mug',
  'black tee',
  'notebook',
  'gift ideas',
  'headphones',
  'bottle',
  'pen refill',
] as const;

export const webPages = [
  { path: '/', title: 'Home' },
  { path: '/pricing', title: 'Pricing' },
  { path: '/features', title: 'Features' },
  { path: '/blog/ship-faster', title: 'How we ship faster' },
  { path: '/blog/gift-guide', title: 'The gift guide' },
  { path: '/shop/kitchen', title: 'Kitchen' },
  { path: '/shop/audio', title: 'Audio' },
  { path: '/account', title: 'Your account' },
] as const;

export const screens = [
  'Home',
  'Search',
  'Product Detail',
  'Cart',
  'Checkout',
  'Orders',
  'Settings',
] as const;

export const referrers = [
  'https://www.google.com/',
  'https://news.ycombinator.com/',
  '',
  'https://t.co/',
] as const;

export const userAgents = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
] as const;

export const cities = [
  { city: 'Lisbon', country: 'PT' },
  { city: 'Berlin', country: 'DE' },
  { city: 'Austin', country: 'US' },
  { city: 'Toronto', country: 'CA' },
  { city: 'Osaka', country: 'JP' },
] as const;

export const site = 'https://shop.example.com';
