package cn.sunlight.document;

import java.util.List;

/**
 * The renderer's intermediate form of an XHTML document: blocks of styled text, tables and rules.
 * Produced by {@link XhtmlReader}, laid out by {@link PdfComposer}.
 */
final class DocModel {

    private DocModel() {
    }

    enum Align { LEFT, CENTER, RIGHT }

    /** Inline text style; {@code gray} is the fill colour, 0 = black. */
    record Style(boolean bold, float size, float gray) {
        Style bold(boolean b) {
            return new Style(b, size, gray);
        }

        Style sized(float s) {
            return new Style(bold, s, gray);
        }

        Style gray(float g) {
            return new Style(bold, size, g);
        }
    }

    /** A run of text in one style. The text {@code "\n"} alone is a forced line break. */
    record Run(String text, Style style) {
    }

    /** The document: title (may be empty), language tag (may be empty) and body blocks. */
    record Doc(String title, String lang, List<Block> blocks) {
    }

    sealed interface Block permits Para, Table, Rule {
    }

    /**
     * A paragraph. {@code indent} is the left indent in points; {@code marker} (may be null) is a list
     * marker hung to the left of the indent on the first line. {@code keepWithNext} is set on headings.
     */
    record Para(List<Run> runs, Style baseStyle, Align align, float indent, String marker,
                float spaceBefore, float spaceAfter, boolean keepWithNext) implements Block {
    }

    /** A horizontal rule. */
    record Rule(float indent) implements Block {
    }

    /**
     * A table. The first {@code headerRows} rows are repeated after a page break. {@code percentWidths}
     * holds a width in percent for each column that declared one (index = column), or is empty.
     */
    record Table(List<Row> rows, int headerRows, List<Float> percentWidths, float indent, Para caption)
            implements Block {
    }

    record Row(List<Cell> cells) {
    }

    record Cell(List<Para> paras, boolean header, int colspan) {
    }
}
