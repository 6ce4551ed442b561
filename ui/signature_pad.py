"""A pad to sign on with a mouse, a pen or a finger. Strokes are kept in the pad's own 0..1 coordinates, so a
signature drawn on a small window and one drawn on a projector's look the same, and it is rendered to a PNG of a
fixed size when confirmed."""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

IMAGE_SIZE = QSize(900, 270)  # the stored signature: sharp on a printed page, a few tens of kilobytes
INK = QColor("#10213a")


class SignaturePad(QWidget):
    changed = Signal()  # a stroke was drawn or the pad cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Signature pad")
        self.setToolTip("Sign here with the mouse, a pen or a finger; Clear starts again")
        self.strokes: list[list[QPointF]] = []
        self._drawing = False

    # -- size: about three lines of text tall, a third as high as it is wide ----------------------------

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 18, max(120, line * 5))

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 8, max(100, line * 4))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.setFixedHeight(self.sizeHint().height())

    # -- what was drawn --------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not any(len(stroke) > 1 for stroke in self.strokes)

    def clear(self) -> None:
        self.strokes.clear()
        self.update()
        self.changed.emit()

    def _unit(self, pos: QPointF) -> QPointF:
        w, h = max(1, self.width()), max(1, self.height())
        return QPointF(min(max(pos.x() / w, 0.0), 1.0), min(max(pos.y() / h, 0.0), 1.0))

    def begin(self, pos: QPointF) -> None:
        if not self.isEnabled():
            return
        self._drawing = True
        self.strokes.append([self._unit(pos)])
        self.update()

    def extend(self, pos: QPointF) -> None:
        if self._drawing and self.strokes:
            self.strokes[-1].append(self._unit(pos))
            self.update()

    def end(self, pos: QPointF) -> None:
        if self._drawing:
            self.extend(pos)
            self._drawing = False
            self.changed.emit()

    # -- input: mouse, pen (tablet) and touch all draw ----------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.end(event.position())

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self.begin(event.position())
        elif kind == QEvent.Type.TabletMove:
            self.extend(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self.end(event.position())
        event.accept()  # the pen's own events: no synthesised mouse events drawing the stroke twice

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd) \
                and isinstance(event, QTouchEvent) and event.points():
            pos = event.points()[0].position()
            {QEvent.Type.TouchBegin: self.begin, QEvent.Type.TouchUpdate: self.extend,
             QEvent.Type.TouchEnd: self.end}[kind](pos)
            event.accept()
            return True
        return super().event(event)

    # -- drawing -----------------------------------------------------------------------------------------

    def _paint(self, painter: QPainter, rect: QRectF, pen_width: float) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(INK, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self.strokes:
            path = QPainterPath(QPointF(rect.x() + stroke[0].x() * rect.width(),
                                        rect.y() + stroke[0].y() * rect.height()))
            for p in stroke[1:]:
                path.lineTo(rect.x() + p.x() * rect.width(), rect.y() + p.y() * rect.height())
            if len(stroke) == 1:  # a dot
                painter.drawPoint(path.currentPosition())
            else:
                painter.drawPath(path)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect())
        painter.fillRect(rect, QColor("white") if self.isEnabled() else QColor("#eef0f3"))
        # The line to sign on, and the frame that says where the pad ends.
        painter.setPen(QPen(QColor("#8a94a6"), 1, Qt.PenStyle.DashLine))
        baseline = rect.height() * 0.75
        painter.drawLine(QPointF(rect.width() * 0.04, baseline), QPointF(rect.width() * 0.96, baseline))
        painter.setPen(QPen(QColor("#1d4ed8") if self.hasFocus() else QColor("#8a94a6"), 2))
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
        if self.is_empty() and not self.strokes:
            painter.setPen(QColor("#5b6472"))
            painter.drawText(rect.adjusted(12, 8, -12, -8), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             "Sign here")
        self._paint(painter, rect, max(2.0, self.fontMetrics().height() / 8))
        painter.end()

    def png(self) -> bytes:
        """The signature as a PNG with a transparent background, or b"" when nothing was drawn."""
        if self.is_empty():
            return b""
        image = QImage(IMAGE_SIZE, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        self._paint(painter, QRectF(0, 0, IMAGE_SIZE.width(), IMAGE_SIZE.height()), 5.0)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())
