<?cs include:"header.cs" ?>
<section>
  <h1><?cs var:Lang.bil.missing.title ?></h1>
  <?cs if:subcount(Missing) > 0 ?>
  <p class="hint"><?cs var:Lang.bil.missing.hint ?></p>
  <table class="list">
    <thead><tr><th><?cs var:Lang.booking.title ?></th><th><?cs var:Lang.booking.vehicle ?></th><th><?cs var:Lang.booking.member ?></th><th><?cs var:Lang.booking.start ?></th><th><?cs var:Lang.booking.end ?></th></tr></thead>
    <tbody>
    <?cs each:b = Missing ?>
    <tr><td><a href="<?cs var:Base.calendar ?>/booking/<?cs var:b.id ?>/trip"><?cs var:b.id ?></a></td><td><?cs var:b.vehicle ?></td><td><?cs var:b.member ?><?cs if:b.member_descr ?> (<?cs var:b.member_descr ?>)<?cs /if ?></td><td><?cs var:b.start ?></td><td><?cs var:b.end ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs else ?><p><?cs var:Lang.bil.missing.none ?></p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
