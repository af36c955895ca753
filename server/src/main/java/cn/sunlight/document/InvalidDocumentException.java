package cn.sunlight.document;

/**
 * The XHTML handed to {@link PdfRenderer} is not well-formed XML. The message names the line and column
 * the XML parser stopped at (both -1 when unknown).
 */
public class InvalidDocumentException extends IllegalArgumentException {

    private final int line;
    private final int column;

    public InvalidDocumentException(String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
