export { createMatcher, type Matcher, type MatchHit, type MatcherOptions, type TermInput } from './matcher.js'
