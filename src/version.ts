/** relgate's version (reports and snapshots carry it; it never decides drift). */
export const RELGATE_VERSION = "0.1.0";
