// Copies the node and credential icons next to the compiled files in dist/.
// SVG only: gulp 5 corrupts binary files unless read with { encoding: false }.
const { src, dest, task } = require('gulp');

task('build:icons', () =>
	src(['nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.', encoding: false }).pipe(dest('dist')),
);
