export * from '../net/ipv4.js';
