// k6 provides console in every script; TypeScript's es2020 library (no DOM) does not declare it
declare const console: {
    log(...values: unknown[]): void;
    warn(...values: unknown[]): void;
    error(...values: unknown[]): void;
};
