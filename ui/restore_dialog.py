"""File > Restore from Backup: the snapshots of the open workshop, newest first, with their times."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.backups import BackupEntry


class RestoreDialog(QDialog):
    def __init__(self, entries: list[BackupEntry], workshop_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from Backup")
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        text = (f"Backups of {workshop_name}, newest first. Restoring replaces the workshop with the chosen "
                "backup; its current state is kept as a backup too, so this can be undone.")
        label = QLabel(text if entries else f"There are no backups of {workshop_name} yet. Backups are made every "
                       "few minutes while the workshop changes, and before every update of the file.")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
        self.list = QListWidget()
        for entry in entries:
            item = QListWidgetItem(f"{entry.describe}    ({entry.size / 1024:,.0f} KB)")
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(entries))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(buttons)

    def chosen(self) -> BackupEntry | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    @classmethod
    def ask(cls, entries: list[BackupEntry], workshop_name: str, parent: QWidget | None = None) -> BackupEntry | None:
        dialog = cls(entries, workshop_name, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
