/** Global data of the mini-program, shared by every page through getApp<IAppOption>(). */
interface IAppOption {
  globalData: {
    /** CloudBase environment id the mini-program calls; set in app.ts. */
    envId: string;
  };
}
