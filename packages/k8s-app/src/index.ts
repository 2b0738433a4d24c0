// Placeholder until this package's issue lands; replaced by its real entry point.
export {};
