// htmx (https://htmx.org) for the parts of a page that change while a person watches it, such as each recipient's
// copy of a document. Configured for the console's Content-Security-Policy before htmx reads the page: no eval, no
// script from fetched HTML, no injected indicator <style>.
import htmx from 'htmx.org';

htmx.config.allowEval = false;
htmx.config.allowScriptTags = false;
htmx.config.includeIndicatorStyles = false;
htmx.config.selfRequestsOnly = true;
