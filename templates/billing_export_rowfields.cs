    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <?cs def:rowfield(name, label, type, extra) ?>
    <label for="r_<?cs var:name ?>"><?cs var:label ?></label>
    <input id="r_<?cs var:name ?>" name="<?cs var:name ?>" type="<?cs var:type ?>" value="<?cs var:Form[name] ?>"<?cs var:extra ?><?cs if:Error[name] ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error[name] ?><p class="field-error"><?cs var:Error[name] ?></p><?cs /if ?>
    <?cs /def ?>
    <?cs call:rowfield("oe", Lang.exp.bx.col.oe, "text", "") ?>
    <?cs call:rowfield("lastname", Lang.exp.bx.col.lastname, "text", "") ?>
    <?cs call:rowfield("firstname", Lang.exp.bx.col.firstname, "text", "") ?>
    <?cs call:rowfield("provider", Lang.exp.bx.col.provider, "text", "") ?>
    <?cs call:rowfield("title", Lang.exp.bx.col.title, "text", "") ?>
    <?cs call:rowfield("start", Lang.exp.bx.col.start, "datetime-local", "") ?>
    <?cs call:rowfield("end", Lang.exp.bx.col.end, "datetime-local", "") ?>
    <?cs call:rowfield("price", Lang.exp.bx.col.price_eur, "text", "") ?>
    <?cs call:rowfield("discount", Lang.exp.bx.col.discount_eur, "text", "") ?>
