/** Global data of the mini-program, shared by every page through getApp<IAppOption>(). */
interface IAppOption {
  globalData: Record<string, never>;
}
