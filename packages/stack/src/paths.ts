import { fileURLToPath } from "node:url";

/** The repository root: the image's build context and where the stack files live (src/ and dist/ are two deep). */
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
