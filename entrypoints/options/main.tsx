import { render } from 'preact';
import { Options } from '@/components/options/Options';
import { realOptionsSource } from '@/components/options/real-source';
import { getLocale } from '@/components/options/i18n';
import '@/components/options/options.css';

document.documentElement.lang = getLocale() === 'pt_BR' ? 'pt-BR' : 'en';
render(<Options source={realOptionsSource()} />, document.getElementById('app')!);
