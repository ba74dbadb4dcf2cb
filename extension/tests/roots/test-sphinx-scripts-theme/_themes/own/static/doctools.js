/* The theme's own doctools.js: its comment and spaces go, its code stays. */
const Documentation  =  { init: () => {} , gettext: (string) => string };
const _ = Documentation.gettext;
