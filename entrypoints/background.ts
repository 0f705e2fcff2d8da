import { startBackground } from '@/lib/background';

// Thin on purpose: everything is wired in lib/background, where it is tested.
export default defineBackground(() => {
  startBackground();
});
