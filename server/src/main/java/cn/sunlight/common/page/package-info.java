/**
 * Keyset pagination shared by every list that grows with the years (issue 20): a page size bounded to
 * [1, {@value cn.sunlight.common.page.PageRequest#MAX_LIMIT}], an opaque cursor naming the last row seen in an indexed
 * order (never OFFSET, which reads and throws away every earlier row), and a page that names the cursors of the next
 * and previous pages and a total that is exact while counting is cheap and marked approximate beyond.
 */
package cn.sunlight.common.page;
