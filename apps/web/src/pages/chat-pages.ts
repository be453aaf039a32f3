/** The inbox and its channel settings: one chunk, loaded when either is first opened. */
export { ChatPage } from './chat-page.tsx';
export { ChatSettingsPage } from './chat-settings-page.tsx';
