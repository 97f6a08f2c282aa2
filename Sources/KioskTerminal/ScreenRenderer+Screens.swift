import KioskCore

extension ScreenRenderer {
    var top: Int { size.contentTop }
    /// The row under the last content row.
    var bottom: Int { size.contentTop + size.contentRows }

    func drawHome(on canvas: inout Canvas) {
        var y = paragraph(t("home.welcome"), row: top, on: &canvas, style: palette.strong) + 1
        let hint = TextWrap.lines(t("terminal.choose"), width: width)
        drawMenu(engine.menu(), top: y, bottom: bottom - hint.count - 1, on: &canvas, spaced: true)
        y = bottom - hint.count
        paragraph(t("terminal.choose"), row: y, on: &canvas, style: palette.quiet)
    }

    func drawRating(on canvas: inout Canvas) {
        guard let flow = engine.flow, let step = engine.currentStep else { return }
        switch step.kind {
        case _ where step.id == engine.profile.flow.main: drawMainQuestion(step, on: &canvas)
        case .scale, .single, .multi: drawQuestion(step, on: &canvas)
        case .comment: drawComment(flow, on: &canvas)
        case .counter: drawChoices(prompt: t("counter.prompt"), on: &canvas)
        case .officer: drawChoices(prompt: t("officer.prompt"), on: &canvas)
        case .field: drawChoices(prompt: t("field.prompt"), on: &canvas)
        }
    }

    /// The main question: a face, a colour and a word for every choice, four rows high where the screen
    /// has room, one row otherwise.
    private func drawMainQuestion(_ step: FlowStep, on canvas: inout Canvas) {
        var y = paragraph(step.prompt.map { t($0) } ?? "", row: top, on: &canvas, style: palette.strong) + 1
        let items = engine.menu()
        let hint = TextWrap.lines(t("terminal.choose"), width: width)
        let room = bottom - hint.count - 1 - y
        if items.count * 4 + (items.count - 1) <= room {
            for (index, item) in items.enumerated() {
                drawBigChoice(item, number: index + 1, count: items.count, row: y, on: &canvas)
                y += 5
            }
        } else {
            drawMenu(items, top: y, bottom: bottom - hint.count - 1, on: &canvas, spaced: items.count * 2 <= room)
        }
        paragraph(t("terminal.choose"), row: bottom - hint.count, on: &canvas, style: palette.quiet)
    }

    private func drawBigChoice(_ item: MenuItem, number: Int, count: Int, row: Int, on canvas: inout Canvas) {
        let highlighted = engine.highlight == number - 1
        let base = highlighted ? palette.highlight : palette.page
        if highlighted { canvas.fill(row: row, column: column, width: width, height: 4, style: base) }
        canvas.put(highlighted ? palette.marker : " ", row: row + 1, column: column, style: base)
        canvas.put(keyCap(number, count: count), row: row + 1, column: column + 2, style: highlighted ? base : palette.keyCap)
        let faceColumn = column + 8
        if let face = item.face {
            let style = palette.face(face)
            for (offset, line) in FaceArt.rows(face, unicode: palette.unicode).enumerated() {
                canvas.put(line, row: row + offset, column: faceColumn, style: style)
            }
        }
        canvas.put(item.label, row: row + 1, column: faceColumn + 10, style: highlighted ? base : palette.strong, limit: width - 20)
    }

    private func drawQuestion(_ step: FlowStep, on canvas: inout Canvas) {
        var y = paragraph(step.prompt.map { t($0) } ?? "", row: top, on: &canvas, style: palette.strong)
        let hint = step.kind == .multi ? t("terminal.reasons") : t("terminal.choose")
        y = paragraph(hint, row: y, on: &canvas, style: palette.quiet) + 1
        drawMenu(engine.menu(), top: y, bottom: bottom, on: &canvas)
    }

    private func drawChoices(prompt: String, on canvas: inout Canvas) {
        let y = paragraph(prompt, row: top, on: &canvas, style: palette.strong) + 1
        drawMenu(engine.menu(), top: y, bottom: bottom, on: &canvas)
    }

    /// The comment: what was typed in a box, the last lines when it is long, a cursor at its end.
    private func drawComment(_ flow: RatingFlow, on canvas: inout Canvas) {
        var y = paragraph(t("comment.prompt"), row: top, on: &canvas, style: palette.strong)
        y = paragraph(t("terminal.comment_keys"), row: y, on: &canvas, style: palette.quiet)
        y = paragraph(t("comment.hint"), row: y, on: &canvas, style: palette.quiet) + 1
        let footer = 1
        let boxHeight = max(3, min(10, bottom - footer - 1 - y))
        drawBox(on: &canvas, row: y, column: column, width: width, height: boxHeight, style: palette.page)
        let inner = width - 4
        let lines = TextWrap.lines(flow.comment + palette.cursor, width: inner)
        let shown = lines.suffix(boxHeight - 2)
        for (index, line) in shown.enumerated() {
            canvas.put(line, row: y + 1 + index, column: column + 2, style: palette.strong)
        }
        let footerRow = y + boxHeight + 1
        let telex = flow.telex ? t("terminal.telex_on") : t("terminal.telex_off")
        canvas.put(telex, row: footerRow, column: column, style: palette.quiet)
        let count = "\(flow.comment.count)/\(RatingValidator.maximumCommentLength)"
        canvas.put(count, row: footerRow, column: column + width - count.count, style: palette.quiet)
    }

    func drawThanks(on canvas: inout Canvas) {
        var y = top + 2
        y = paragraph(t("thanks.title"), row: y, on: &canvas, style: palette.strong) + 1
        y = paragraph(t("thanks.body"), row: y, on: &canvas, style: palette.page) + 1
        if status.offline, status.waitingRatings > 0 {
            y = paragraph(t("rate.saved_later"), row: y, on: &canvas, style: palette.quiet) + 1
        }
        drawMenu(engine.menu(), top: y + 1, bottom: bottom, on: &canvas)
    }

    func drawHelpList(on canvas: inout Canvas) {
        var y = paragraph(t("help.title"), row: top, on: &canvas, style: palette.strong)
        y = paragraph(t("terminal.help_hint"), row: y, on: &canvas, style: palette.quiet) + 1
        drawMenu(engine.menu(), top: y, bottom: bottom, on: &canvas, spaced: true)
    }

    /// A help topic: its title and text at the left (scrolled with the arrows), its sub-topics under the
    /// text, and its QR code drawn in half blocks at the right, black on white, with the link under it.
    func drawTopic(_ id: String, on canvas: inout Canvas) {
        guard let topic = engine.profile.content.helpTopic(id), let layout = engine.topicLayout() else { return }
        var y = top
        for line in layout.titleLines {
            canvas.put(line, row: y, column: layout.textColumn, style: palette.strong)
            y += 1
        }
        if layout.linkBelowTitle, let link = topic.link {
            y += 1
            let label = t("terminal.no_qr") + " "
            canvas.put(label, row: y, column: layout.textColumn, style: palette.quiet)
            canvas.put(link, row: y, column: layout.textColumn + label.count, style: palette.strong)
        }
        let scroll = min(engine.topicScroll, layout.maximumScroll)
        for (index, line) in layout.bodyLines.dropFirst(scroll).prefix(layout.bodyRows).enumerated() {
            canvas.put(line.text, row: layout.bodyTop + index, column: layout.textColumn, style: line.strong ? palette.strong : palette.page)
        }
        if scroll > 0 {
            canvas.put(palette.up, row: layout.bodyTop - 1, column: layout.textColumn, style: palette.quiet)
        }
        if scroll < layout.maximumScroll {
            let row = layout.bodyTop + layout.bodyRows
            canvas.put(palette.down + " " + t("terminal.scroll"), row: row, column: layout.textColumn, style: palette.quiet)
        }
        if let childrenTop = layout.childrenTop {
            canvas.put(t("help.more"), row: childrenTop, column: layout.textColumn, style: palette.strong)
            let items = engine.menu()
            drawMenuIn(
                items, top: childrenTop + 1, bottom: childrenTop + 1 + items.count, left: layout.textColumn, width: layout.textWidth, on: &canvas)
        }
        if let qr = layout.qrRows {
            for (index, line) in qr.enumerated() {
                canvas.put(line, row: top + index, column: layout.qrColumn, style: palette.qr)
            }
            let qrWidth = qr.first?.count ?? 0
            var below = top + qr.count
            for line in TextWrap.lines(topic.link ?? "", width: qrWidth) {
                canvas.put(line, row: below, column: layout.qrColumn, style: palette.strong)
                below += 1
            }
            for line in TextWrap.lines(t("help.qr"), width: qrWidth) where below < bottom {
                canvas.put(line, row: below, column: layout.qrColumn, style: palette.quiet)
                below += 1
            }
        }
    }

    /// A menu in a column of its own (the sub-topics beside a QR code).
    private func drawMenuIn(_ items: [MenuItem], top: Int, bottom: Int, left: Int, width: Int, on canvas: inout Canvas) {
        for (index, item) in items.enumerated() where top + index < bottom {
            let row = top + index
            let highlighted = engine.highlight == index
            let base = highlighted ? palette.highlight : palette.page
            if highlighted { canvas.fill(row: row, column: left, width: width, height: 1, style: base) }
            canvas.put(highlighted ? palette.marker : " ", row: row, column: left, style: base)
            let cap = keyCap(index + 1, count: items.count)
            canvas.put(cap, row: row, column: left + 2, style: highlighted ? base : palette.keyCap)
            let x = left + 3 + cap.count
            canvas.put(fitted(item.label, left + width - x), row: row, column: x, style: highlighted ? base : palette.strong, limit: left + width - x)
        }
    }

    func drawCall(on canvas: inout Canvas) {
        let status = engine.call?.status ?? .cancelled
        let title: String
        var text = t("call.waiting")
        switch status {
        case .sending: title = t("call.sending")
        case .failed:
            title = t("call.sending")
            text = t("call.failed")
        case .taken:
            title = t("call.coming")
            text = t("call.coming_body")
        case .waiting, .cancelled: title = t("call.title")
        }
        var y = paragraph(title, row: top + 1, on: &canvas, style: palette.strong) + 1
        y = paragraph(text, row: y, on: &canvas, style: palette.page) + 2
        drawMenu(engine.menu(), top: y, bottom: bottom, on: &canvas, spaced: true)
    }
}
