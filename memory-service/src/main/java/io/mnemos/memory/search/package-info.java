/**
 * {@code POST /v1/users/{userId}/memory/search}: one search over a user's conversation turns, profile facts and
 * experience templates, with natural time expressions ({@link io.mnemos.memory.search.TimeExpressions}) turned into a
 * time filter and the kinds merged on comparable scores ({@link io.mnemos.memory.search.MemorySearchService}).
 */
package io.mnemos.memory.search;
