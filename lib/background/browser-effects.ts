/** The real browser behind EffectsApi (background only). */
import { browser } from 'wxt/browser';
import { NOTIFICATION_ICON, type EffectsApi } from './effects';

export function browserEffects(): EffectsApi {
  return {
    setBadgeText: (text) => browser.action.setBadgeText({ text }),
    setTitle: (title) => browser.action.setTitle({ title }),
    createAlarm: async (name, periodInMinutes) => {
      await browser.alarms.create(name, { periodInMinutes });
    },
    hasAlarm: async (name) => (await browser.alarms.get(name)) !== undefined,
    clearAlarm: async (name) => {
      await browser.alarms.clear(name);
    },
    notify: async (id, title, message) => {
      await browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL(NOTIFICATION_ICON), title, message });
    },
  };
}
