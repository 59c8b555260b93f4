/** This package's version, sent in the User-Agent header. A test keeps it equal to package.json's. */
export const packageVersion = '0.1.0';
