export * from './change';
export {
  type ChangeFeed,
  type ChangeFeedOptions,
  type ChangeListener,
  type ChangeMeta,
  type ChangeSource,
  type ChangeTransport,
  createChangeFeed,
  type SubscribeOptions,
} from './change-feed';
