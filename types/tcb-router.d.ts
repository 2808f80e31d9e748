/** Typings for tcb-router 1.1.2 (the package ships none): koa-style routing on `event.$url`. */
declare module 'tcb-router' {
  interface RouterContext {
    /** The name the caller routed to: `event.$url`. */
    _req: { url: string; event: Record<string, unknown> };
    /** What the function returns. */
    body: unknown;
    [key: string]: unknown;
  }
  type Middleware = (ctx: RouterContext, next: () => Promise<void>) => Promise<void> | void;
  class TcbRouter {
    constructor(options: { event: Record<string, unknown> });
    use(...middleware: Middleware[]): void;
    router(route: string | string[], ...middleware: Middleware[]): void;
    serve(): Promise<unknown>;
  }
  export = TcbRouter;
}
