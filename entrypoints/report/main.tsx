import { render } from 'preact';
import { Report, reportQuery } from '@/components/report/Report';
import { realReportSource } from '@/components/report/real-source';
import { setLocale } from '@/components/report/i18n';
import '@/components/report/report.css';

const query = reportQuery(location.search);
// The console page's language, which opened it.
setLocale(query.locale);
document.documentElement.lang = query.locale === 'pt_BR' ? 'pt-BR' : 'en';
render(<Report query={query} source={realReportSource()} />, document.getElementById('app')!);
